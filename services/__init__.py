"""Services: what commands and jobs call between the adapters and the store."""
