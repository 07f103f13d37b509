"""The staff's retention screens: what the coming runs will delete or anonymise, legal holds, past runs."""
