"""The journeys in a real browser: headless Chromium against a live portal."""
