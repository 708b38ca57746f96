"""newskg: news articles to a knowledge graph of who said what, when, about whom."""

__version__ = "0.1.0"
