"""What money is invested in: the 11 standard asset classes, capital-market assumption sets (data
files: house sets in CNY, HKD, TWD and USD, ``assumptions_for(base_currency)``), return generators
(correlated lognormal, Student-t option), FX factors and the bank's product shelf with R1–R5 risk
levels by market (``product_shelf(currency)``)."""

from .assumptions import (
    DEFAULT_ID,
    FALLBACK_CURRENCY,
    HOUSE_SETS,
    AssumptionError,
    Assumptions,
    FxFactor,
    assumption_ids,
    assumptions_for,
    available_assumptions,
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
from .products import MARKETS, Product, product_shelf, suitable_products
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
    "FALLBACK_CURRENCY", "HOUSE_SETS", "MARKETS", "RISK_LEVELS", "T_FLOOR", "AssetClassInfo",
    "AssumptionError", "Assumptions", "FactorModel", "FxFactor", "Product", "assumption_ids",
    "assumptions_for", "available_assumptions", "check_correlation", "cholesky", "class_returns",
    "factor_model", "load_assumptions", "lognormal_params", "parse_assumptions", "product_shelf",
    "risk_rank", "suitable", "suitable_products",
]
