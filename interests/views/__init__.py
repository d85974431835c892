"""The register's pages: public, the councillor's own, and the Monitoring Officer's."""
