"""Blueprint stub: to be filled in."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)
