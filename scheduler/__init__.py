"""Background work: fetching Netflix's files, importing them, and delivering announcements.

The job bodies are plain async methods taking `now`, so tests call them with a fixed clock.
"""
