"""A municipality's private workspace: members by role, companies, contacts, audit log."""
