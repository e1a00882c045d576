"""The patient kiosk: Qt Quick views over the content and help-call models."""
