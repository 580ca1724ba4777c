"""Trivia logic that knows nothing of Discord: field rules, answer matching, the game loop."""
