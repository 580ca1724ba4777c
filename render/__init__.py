"""How things look: embeds for Discord and plain text for the console, one module per area."""
