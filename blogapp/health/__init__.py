"""The health check that load balancers and monitors poll."""
