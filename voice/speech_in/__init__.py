"""Speech in: audio files and microphones to 16 kHz mono samples, and recognisers to text.

An edge: it hands the core `Heard` (alternative transcripts) and knows nothing of
what they mean.
"""
