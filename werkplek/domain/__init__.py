"""The domain of the KCC: plain Python types and rules, free of Qt, databases and network."""
