"""The permissions of registration's own actions, named once (`user.has_perm(CHECK_IN)`)."""

CHECK_IN = "registrations.check_in_registration"
EXPORT = "registrations.export_registration"
