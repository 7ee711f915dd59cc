"""iyzico for the protected marketplace payment: the adapter (client.py), webhook verification
(webhooks.py) and a local sandbox speaking iyzico's wire format (sandbox.py) for tests and demos."""
