"""API route modules; ``app.ROUTE_MODULES`` lists them in mounting order."""
