"""The Kabupaten Serang demo portal (to be written)."""


def load(echo=print):
    echo("demo: nothing to load yet")
