"""Partner Desk: meeting preparation, capture and reporting for HR People Partners."""

__version__ = "0.1.0"
APP_NAME = "Partner Desk"
