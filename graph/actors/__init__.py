"""Actors: tokenised sentences to mentions of persons, organisations, states and media, resolved
to canonical actors with their roles (gazetteers, titles, appositions) and pronouns and definite
descriptions linked to the actors they refer to."""
