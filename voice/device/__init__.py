"""The device a patient takes home: running as a service, and checked before it is handed over.

An edge of the package: the core (content, understanding, dialogue) never imports it.
"""
