"""Streamlit entry point (placeholder until the UI lands)."""

import streamlit as st

st.title("Kinfolio")
