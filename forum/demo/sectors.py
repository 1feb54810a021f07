"""Sectors the article's companies and figures belong to; children name their parent's slug."""

SECTORS = [
    {"slug": "integrated-circuits", "name_zh": "集成电路", "name_en": "Integrated circuits"},
    {"slug": "gpu", "name_zh": "GPU", "name_en": "GPUs", "parent": "integrated-circuits"},
    {
        "slug": "artificial-intelligence",
        "name_zh": "人工智能",
        "name_en": "Artificial intelligence",
    },
    {
        "slug": "large-models",
        "name_zh": "大模型",
        "name_en": "Large models",
        "parent": "artificial-intelligence",
    },
    {"slug": "robotics", "name_zh": "机器人与具身智能", "name_en": "Robotics and embodied AI"},
    {"slug": "low-altitude-economy", "name_zh": "低空经济", "name_en": "Low-altitude economy"},
    {"slug": "evtol", "name_zh": "eVTOL", "name_en": "eVTOL", "parent": "low-altitude-economy"},
    {"slug": "new-energy", "name_zh": "新能源", "name_en": "New energy"},
    {
        "slug": "energy-storage",
        "name_zh": "储能",
        "name_en": "Energy storage",
        "parent": "new-energy",
    },
    {"slug": "industrial-software", "name_zh": "工业软件", "name_en": "Industrial software"},
    {
        "slug": "intelligent-connected-vehicles",
        "name_zh": "智能网联汽车",
        "name_en": "Intelligent connected vehicles",
    },
    {
        "slug": "brain-computer-interfaces",
        "name_zh": "脑机接口",
        "name_en": "Brain-computer interfaces",
    },
    {"slug": "biomedicine", "name_zh": "生物医药", "name_en": "Biomedicine"},
    {"slug": "optics-lasers", "name_zh": "光学与激光", "name_en": "Optics and lasers"},
    {"slug": "private-economy", "name_zh": "民营经济", "name_en": "Private economy"},
    {"slug": "science-technology", "name_zh": "科技创新", "name_en": "Science and technology"},
    {
        "slug": "youth-entrepreneurship",
        "name_zh": "青年创新创业",
        "name_en": "Youth innovation and entrepreneurship",
    },
]
