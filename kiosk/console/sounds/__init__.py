"""The console's alert sounds (WAV files made by make_sounds.py) and the script that makes them."""
