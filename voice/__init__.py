"""Folderstem: an offline voice assistant that speaks a patient leaflet."""

import os

# Offline and private: onnxruntime (which runs the voice detector) starts Microsoft's telemetry
# when it is imported, and writes a session file into the temporary folder (seen with 1.32).
os.environ["ORT_DISABLE_TELEMETRY"] = "1"
