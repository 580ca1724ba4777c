"""Discord-free logic shared by the cogs, the scheduler and the console."""
