"""Official code lists: CSV files shipped here (see PROVENANCE.md), loaded
into PostgreSQL by ``load`` and read through ``store``."""
