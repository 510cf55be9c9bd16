"""The web app: pages and the REST API over a casus event store."""
