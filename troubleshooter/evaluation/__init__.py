"""Measuring the engines on the case library: diagnosis scores and scripted guide walks."""
