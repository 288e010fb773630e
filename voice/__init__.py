"""Folderstem: an offline voice assistant that speaks a patient leaflet."""
