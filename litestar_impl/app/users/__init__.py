"""Users: registration, bearer tokens, profiles and account deletion.

The base resource: its models and services import no other resource (posts and preferences import
users); only its controller composes the services of several, such as createUser with default settings.
"""
