"""Attribution, the learned layer over the rules: the rules' statements, mentions and actors to
each statement's speaker and confidence (speaker candidates, their features, the trained
ranker that decides among them; ``train`` rebuilds it)."""
