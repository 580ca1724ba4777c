-- The shared request budget moved to a file of its own beside the store (db/rate_budget.py):
-- written twice per request, it queued behind the deliveries' write transactions here.
DROP TABLE cluster_rate_budget;
