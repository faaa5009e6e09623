"""Words of the advice parts of the proposal (comparison, band, products, bank, appendix);
merged into :data:`proposal.i18n.T`. Each entry is ``(en, zh-Hant, zh-Hans)``."""

from __future__ import annotations

T_ADVICE: dict[str, tuple[str, str, str]] = {
    "band_line": ("Risk level {level}: the liquid portfolio's yearly volatility between {lo} and "
                  "{hi}, products rated up to {risk}.",
                  "風險等級{level}：流動投資組合的年波動率介於{lo}至{hi}，產品風險等級最高{risk}。",
                  "风险等级{level}：流动投资组合的年波动率介于{lo}至{hi}，产品风险等级最高{risk}。"),
    "cmp_title": ("Current and recommended portfolio side by side",
                  "現有與建議組合對照", "现有与建议组合对照"),
    "cmp_measure": ("Measure", "指標", "指标"),
    "cmp_exp": ("Expected return a year", "預期年報酬", "预期年收益"),
    "cmp_vol": ("Volatility a year", "年波動率", "年波动率"),
    "cmp_bad": ("Loss in a bad year (1 in 20)", "不利年度虧損（二十年一遇）",
                "不利年度亏损（二十年一遇）"),
    "cmp_ess": ("All essential goals met", "全部必要目標達成", "全部必要目标达成"),
    "cmp_legacy": ("Expected wealth for the next generation (today's money)",
                   "預期留給下一代的財富（今日幣值）", "预期留给下一代的财富（今日币值）"),
    "cmp_goal": ("Goal: {name}", "目標：{name}", "目标：{name}"),
    "why": ("Why this allocation", "建議理由", "建议理由"),
    "remedies": ("What would secure the essential goals", "如何確保必要目標",
                 "如何确保必要目标"),
    "banker_proposal": ("This allocation is your relationship manager's own proposal; it differs "
                        "from the model recommendation shown for comparison.",
                        "此配置為您的客戶經理提出的建議，與模型建議不同，模型建議列示以供比較。",
                        "此配置为您的客户经理提出的建议，与模型建议不同，模型建议列示以供比较。"),
    "s_allocation_banker": ("Your relationship manager's proposal", "客戶經理建議配置",
                            "客户经理建议配置"),
    "levels_text": ("Risk levels on file: {levels}. The family's liquid portfolio is shared, so "
                    "the recommendation follows the most cautious level, {level}.",
                    "檔案中的風險承受等級：{levels}。家族流動投資組合為共同持有，因此建議依最保守的"
                    "等級{level}。",
                    "档案中的风险承受等级：{levels}。家族流动投资组合为共同持有，因此建议依最保守的"
                    "等级{level}。"),
    "suitability_text2": (
        "The recommended portfolio has an overall risk level of {risk}. {verdict} Products are "
        "matched to each client: a client of level Ck may hold products rated at or below "
        "{scale}k.",
        "建議組合的整體風險等級為{risk}。{verdict}產品與每位客戶的風險承受等級相匹配：等級Ck的客戶"
        "可持有風險等級不高於{scale}k的產品。",
        "建议组合的整体风险等级为{risk}。{verdict}产品与每位客户的风险承受等级相匹配：等级Ck的客户"
        "可持有风险等级不高于{scale}k的产品。"),
    "amount": ("Amount", "金額", "金额"),
    "issuer": ("Issuer", "發行機構", "发行机构"),
    "product_currency": ("Currency", "計價貨幣", "计价货币"),
    "minimum": ("Minimum investment", "最低投資金額", "最低投资金额"),
    "deposit_insured_yes": ("Covered by deposit insurance up to the legal limit.",
                            "受存款保險保障，以法定上限為限。", "受存款保险保障，以法定上限为限。"),
    "deposit_insured_no": ("Not a deposit: not covered by deposit insurance.",
                           "並非存款，不受存款保險保障。", "并非存款，不受存款保险保障。"),
    "protection": ("Protection", "保障", "保障"),
    "amount_in_product": ("Proposed amount", "建議金額", "建议金额"),
    "frontier_title": ("Expected return and risk: the frontier and the two portfolios",
                       "預期報酬與風險：效率前緣與兩個組合", "预期收益与风险：效率前缘与两个组合"),
    "frontier_x": ("Volatility a year (risk)", "年波動率（風險）", "年波动率（风险）"),
    "frontier_y": ("Expected return a year", "預期年報酬", "预期年收益"),
    "frontier_note": ("The line shows the highest expected return for each level of risk with "
                      "the same asset classes and assumptions as the current portfolio; the "
                      "shaded area is your risk band.",
                      "曲線為使用與現有組合相同的資產類別及假設時，各風險水平下可得的最高預期報酬；"
                      "陰影部分為您的風險區間。",
                      "曲线为使用与现有组合相同的资产类别及假设时，各风险水平下可得的最高预期收益；"
                      "阴影部分为您的风险区间。"),
    "act_adopt": ("Move the liquid portfolio to the recommended allocation in steps, starting "
                  "with {first}.", "分階段將流動投資組合調整至建議配置，先從{first}開始。",
                  "分阶段将流动投资组合调整至建议配置，先从{first}开始。"),
    "act_options": ("Discuss the options that would secure the essential goals before changing "
                    "the portfolio.", "調整組合前，先討論確保必要目標的可行方案。",
                    "调整组合前，先讨论确保必要目标的可行方案。"),
    "goals_intro2": (
        "Each goal is met in a simulated future when every yearly amount is paid in full from "
        "liquid wealth. Probabilities come from {paths} simulated futures; amounts are in "
        "today's money.",
        "某一目標在一條模擬情境中「達成」，指每年所需金額均由流動資產全額支付。機率來自{paths}條"
        "模擬情境；金額以今日幣值計。",
        "某一目标在一条模拟情景中“达成”，指每年所需金额均由流动资产全额支付。概率来自{paths}条"
        "模拟情景；金额以今日币值计。"),
    "wealth_chart_rec": ("Family wealth over time with the recommended allocation (today's "
                         "money); dotted lines: goals", "採用建議配置後的家族財富走勢（今日幣值）；"
                         "虛線：目標", "采用建议配置后的家族财富走势（今日币值）；虚线：目标"),
    "bars_rec": ("Chance of each goal with the recommended allocation:",
                 "採用建議配置時各目標的達成機率：", "采用建议配置时各目标的达成概率："),
    "bars_cur": ("Chance of each goal with the current allocation:",
                 "維持現有配置時各目標的達成機率：", "维持现有配置时各目标的达成概率："),
    "s_appendix": ("Technical appendix", "技術附錄", "技术附录"),
    "appendix_intro": ("For the bank's files: the method, sources and settings behind the "
                       "figures.", "供本行存檔：數字背後的方法、資料來源與設定。",
                       "供本行存档：数字背后的方法、资料来源与设定。"),
    "house_view": ("The bank's long-term capital-market assumptions ({vintage}).",
                   "本行長期資本市場假設（{vintage}）。", "本行长期资本市场假设（{vintage}）。"),
    "version": ("Software version", "軟體版本", "软件版本"),
    "signature": ("Relationship manager", "客戶經理", "客户经理"),
    "signature_client": ("Client acknowledgement", "客戶確認", "客户确认"),
    "sign_date": ("Signature and date", "簽署及日期", "签署及日期"),
    "phone": ("Telephone", "電話", "电话"),
    "email": ("E-mail", "電子郵件", "电子邮件"),
    "bank_disclosures": ("Disclosures of {bank}", "{bank}聲明", "{bank}声明"),
    "licence": ("Licence", "牌照", "牌照"),
    "key_settlor": ("settlor → trust", "委託人 → 信託", "委托人 → 信托"),
    "key_beneficiary": ("trust beneficiary", "信託受益人", "信托受益人"),
    "bank_label": ("Bank", "銀行", "银行"),
    "band_label": ("Risk band", "風險區間", "风险区间"),
}

#: Taiwan's wording where it differs from the mainland's (key -> zh-Hant text)
TW_TERMS: dict[str, str] = {
    "spouse_share": "剩餘財產差額分配請求權",
    "succ_intro": (
        "假設{person}於今日身故，在各項安排下：生存配偶先行使剩餘財產差額分配請求權，再依遺囑或"
        "法定繼承分配，稅費自遺產中先行支付；在法律允許的範圍內，保險金及信託財產不列入遺產。"),
    "prepared_by": "您的理財專員",
    "bank_side": "理財專員",
    "signature": "理財專員",
    "expected_return": "預期報酬率",
}

#: mainland words replaced in every phrase of a Taiwan family's 繁體 document
TW_WORDS: dict[str, str] = {
    "客戶經理": "理財專員",
    "夫妻共同財產份額": "剩餘財產差額分配請求權",
    "配偶夫妻財產份額": "剩餘財產差額分配請求權",
    "理財產品": "理財商品",
}
