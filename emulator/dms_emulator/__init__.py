"""A local emulator of the Huawei Cloud DMS for Kafka REST API."""

__version__ = "0.1.0"
