"""RDF tools outside Python (Raptor's ``rapper``) as a second opinion on our output."""

from __future__ import annotations

import shutil
import subprocess


def rapper_ntriples(path) -> str:
    """N-Triples of a Turtle file as raptor's rapper reads it (raptor2-utils)."""
    rapper = shutil.which("rapper")
    assert rapper, "rapper (Debian package raptor2-utils) is needed by this test"
    done = subprocess.run([rapper, "-q", "-i", "turtle", "-o", "ntriples", str(path)],
                          capture_output=True, text=True, check=True)
    return done.stdout
