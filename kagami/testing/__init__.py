"""Running Kagami as a test double: a real server process your tests talk to over HTTP."""
