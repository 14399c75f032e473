"""Courtside's sandbox: tooling that stands in for the NBA, beside the product.

* :mod:`sandbox.synth` - a synthetic NBA season written as the NBA's own payloads;
* :mod:`sandbox.replay` - an HTTP server that serves an archive at the NBA's URL paths;
* :mod:`sandbox.demo` - ``courtside demo``, the main job offline, end to end.

``ingest`` (what runs against the real NBA) never imports this package; the
``courtside`` CLI imports one of these modules only to parse and run its own command.
"""
