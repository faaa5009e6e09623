"""What money is invested in: the 11 standard asset classes, capital-market assumption sets (data
files), return generators (correlated lognormal, Student-t option), FX factors and the bank's
product shelf with R1–R5 risk levels."""

from .assumptions import (
    DEFAULT_ID,
    AssumptionError,
    Assumptions,
    FxFactor,
    check_correlation,
    load_assumptions,
    parse_assumptions,
)
from .classes import (
    ASSET_CLASS_IDS,
    ASSET_CLASS_INFO,
    CLIENT_LEVELS,
    RISK_LEVELS,
    AssetClassInfo,
    risk_rank,
    suitable,
)
from .products import Product, product_shelf, suitable_products
from .returns import (
    DEFAULT_NU,
    T_FLOOR,
    FactorModel,
    cholesky,
    class_returns,
    factor_model,
    lognormal_params,
)

__all__ = [
    "ASSET_CLASS_IDS", "ASSET_CLASS_INFO", "CLIENT_LEVELS", "DEFAULT_ID", "DEFAULT_NU",
    "RISK_LEVELS", "T_FLOOR", "AssetClassInfo", "AssumptionError", "Assumptions", "FactorModel",
    "FxFactor", "Product", "check_correlation", "cholesky", "class_returns", "factor_model",
    "load_assumptions", "lognormal_params", "parse_assumptions", "product_shelf", "risk_rank",
    "suitable", "suitable_products",
]
