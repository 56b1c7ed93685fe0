"""A script that runs the `communique` CLI on the model-free pipeline, for tests that start it
as a subprocess and kill it.  SLOW=seconds sleeps after each extracted document, so that a kill
can land between, inside and around batch commits."""

RUNNER = """
import os, sys, time
import communique.store.ingest as ing
from communique.extract.nlp import blank_nlp
ing._load_nlp = blank_nlp
slow = float(os.environ.get("SLOW", "0"))
if slow:
    extract = ing.PipelineExtractor.__call__
    def slowly(self, docs):
        for result in extract(self, docs):
            time.sleep(slow)
            yield result
    ing.PipelineExtractor.__call__ = slowly
from communique.cli import main
sys.argv = ["communique", *sys.argv[1:]]
main()
"""
