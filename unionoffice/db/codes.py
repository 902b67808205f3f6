"""Shipped defaults of the editable code lists (domain.md §2). Seeded by migration; the user
may extend them afterwards. Plain data, shared by migrations and the domain layer."""

ETHNICITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 "
    "哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 "
    "达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 "
    "乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 "
    "门巴族 珞巴族 基诺族 其他"
).split()

DEFAULT_CODES: dict[str, list[str]] = {
    "gender": ["男", "女"],
    "employment_status": ["在岗", "待（下）岗", "失业", "退休", "离休", "退职", "退养（内退）", "病休", "其他"],
    "id_type": ["身份证", "护照", "军官证", "其他"],
    "skill_level": [
        "职业资格一级（高级技师）",
        "职业资格二级（技师）",
        "职业资格三级（高级工）",
        "职业资格四级（中级工）",
        "职业资格五级（初级工）",
        "无",
    ],
    "education": ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"],
    "political_status": ["中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众"],
    "hukou_type": ["非农业户口", "农业户口", "农转居"],
    "ethnicity": ETHNICITIES,
    "employment_form": ["劳动合同制", "劳务派遣", "临时工", "其他"],
    "leave_reason": [
        "劳动（工作）关系发生变化",
        "在本单位下岗后待岗",
        "失业",
        "所在企业破产",
        "个人要求退会",
        "因犯罪被开除会籍",
    ],
    # the 困难职工建档申请表 (issue 27)
    "disability_kind": ["视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾"],
    "disability_grade": ["一级", "二级", "三级", "四级"],
    "model_worker": ["全国劳模", "省部级劳模", "市级劳模", "县级劳模", "全国五一劳动奖章获得者", "其他"],
    "medical_insurance": ["城镇职工基本医疗保险", "城乡居民基本医疗保险", "新型农村合作医疗", "商业医疗保险", "无"],
    "housing_type": ["自有住房", "公租房", "廉租房", "租住私房", "借住", "单位宿舍", "其他"],
    "employer_nature": ["国有企业", "集体企业", "私营企业", "外商投资企业", "港澳台投资企业", "机关事业单位",
                        "社会组织", "其他"],
    "enterprise_state": ["正常经营", "停产半停产", "关闭破产", "改制重组", "其他"],
    "self_help": ["有", "较弱", "无"],
    "family_identity": ["在职职工", "退休", "下岗失业", "务农", "学生", "学龄前", "无业", "其他"],
}

CODE_LABELS = {
    "gender": "性别",
    "employment_status": "就业状况",
    "id_type": "有效证件类别",
    "skill_level": "技能等级",
    "education": "学历",
    "political_status": "政治面貌",
    "hukou_type": "户籍类型",
    "ethnicity": "民族",
    "employment_form": "用工形式",
    "leave_reason": "会籍变化原因",
    "disability_kind": "残疾类别",
    "disability_grade": "残疾等级",
    "model_worker": "劳模类型",
    "medical_insurance": "医保状况",
    "housing_type": "住房类型",
    "employer_nature": "单位性质",
    "enterprise_state": "企业状况",
    "self_help": "自救能力",
    "family_identity": "家庭成员身份",
}

# 经费 (domain.md §14): the report's seven income and six spending lines, and the 明细科目 of each
# written "类别/明细科目". Seeded by migration 15; the user may extend them (设置 → 代码表).
FUNDS_CODES: dict[str, list[str]] = {
    "funds_income": ["会费收入", "拨缴经费收入", "上级工会补助收入", "行政补助收入", "事业收入", "投资收益", "其他收入"],
    "funds_spending": ["职工活动支出", "维权支出", "业务支出", "资本性支出", "事业支出", "其他支出"],
    "funds_item": [
        "职工活动支出/职工教育支出", "职工活动支出/文体活动支出", "职工活动支出/宣传活动支出",
        "职工活动支出/劳模疗休养支出", "职工活动支出/会员活动支出", "职工活动支出/会员活动支出-节日慰问",
        "职工活动支出/会员活动支出-生日慰问", "职工活动支出/会员活动支出-结婚生育",
        "职工活动支出/会员活动支出-生病住院", "职工活动支出/会员活动支出-直系亲属去世",
        "职工活动支出/会员活动支出-退休离岗", "职工活动支出/其他活动支出",
        "维权支出/劳动关系协调费", "维权支出/劳动保护费", "维权支出/法律援助费", "维权支出/困难职工帮扶费",
        "维权支出/送温暖费", "维权支出/其他维权支出",
        "业务支出/培训费", "业务支出/会议费", "业务支出/专项业务费", "业务支出/专项业务费-劳动竞赛",
        "业务支出/专项业务费-合理化建议", "业务支出/专项业务费-职工书屋", "业务支出/专项业务费-建家",
        "业务支出/其他业务支出",
    ],
}
CODE_LABELS.update({"funds_income": "经费收入类别", "funds_spending": "经费支出类别",
                    "funds_item": "经费明细科目（类别/明细科目）"})
