"""The spoken conversation: microphone (or a recording) in, speaker (or a recording) out.

An edge of the program: it joins the recogniser, the pure dialogue and the speech
output, and owns the timing — when a question has ended, when the assistant is
speaking, how long the patient has been silent.
"""
