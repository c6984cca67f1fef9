"""Developer tools that run against the app but are not part of it (the `genmodels` package ships; this does not).

python -m tools.loadtest --launch     # the bounded loopback load test (tools/loadtest/)
"""
