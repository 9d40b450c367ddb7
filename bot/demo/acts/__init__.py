"""Demo acts, played in ORDER."""
