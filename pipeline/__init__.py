"""Turn Chinese news articles on rural party-building alliances into a case database."""
