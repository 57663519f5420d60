"""The decision engine: the pack's graph, the walk, scoring, sensitivity, never-wins and lint."""
