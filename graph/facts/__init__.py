"""Facts: numbers with their units, time expressions resolved against the publication date, and
events, each anchored to its sentence and character offsets."""
