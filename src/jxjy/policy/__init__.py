"""The law as data: policies, records, and the engine that turns one into the other.

Pure Python. Nothing in this package imports Django, a database or the network.
"""
