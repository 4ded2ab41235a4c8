"""The harness the tests and the benchmarks (bench/) share: free ports, processes started and
always stopped, a TCP relay, Varnish, Redis, SMTP, the site as ``make run`` starts it, a browser.

No module here imports pytest or Django at import time but those that drive them (browser, site).
"""
