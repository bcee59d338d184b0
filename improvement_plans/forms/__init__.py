"""Forms of the trajectory pages (trajectories.py) and of the quality analysis (analysis.py)."""
