"""Speech out: text to Dutch speech with pyttsx3 (espeak-ng), played through sounddevice.

An edge: it is handed the exact text to say and knows nothing of what it means.
"""
