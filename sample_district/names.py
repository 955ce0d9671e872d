"""Name pools for schools, students and staff.

The pools are plain ASCII so that usernames and e-mail addresses can be built
from them directly and so that no consumer trips over encodings.  Family-name
pools are split by background because real rosters show that correlation and
analysts notice when it is missing.
"""

from __future__ import annotations

SCHOOL_STEMS = (
    "Maple", "Cedar Ridge", "Lincoln", "Riverside", "Oak Grove", "Washington", "Pine Valley",
    "Jefferson", "Sunset", "Willow Creek", "Franklin", "Lakeview", "Roosevelt", "Meadowbrook",
    "Hillcrest", "Eastwood", "Birchwood", "Kennedy", "Stonebridge", "Aspen", "Madison", "Prairie View",
    "Highland", "Magnolia", "Bluebonnet", "Parkside", "Harmony", "Clearwater", "Summit", "Brookside",
)
SCHOOL_SUFFIX = {"elementary": "Elementary School", "middle": "Middle School", "high": "High School", "k12": "Academy"}

MALE_GIVEN = (
    "Liam", "Noah", "Oliver", "James", "Elijah", "William", "Henry", "Lucas", "Benjamin", "Theodore",
    "Mateo", "Levi", "Sebastian", "Daniel", "Jack", "Michael", "Alexander", "Owen", "Asher", "Samuel",
    "Ethan", "Leo", "Jackson", "Mason", "Ezra", "John", "Hudson", "Luca", "Aiden", "Joseph", "David",
    "Jacob", "Logan", "Luke", "Julian", "Gabriel", "Grayson", "Wyatt", "Matthew", "Maverick", "Dylan",
    "Isaac", "Elias", "Anthony", "Thomas", "Jayden", "Carter", "Santiago", "Ezekiel", "Charles", "Josiah",
    "Caleb", "Cooper", "Lincoln", "Miles", "Christopher", "Nathan", "Isaiah", "Kai", "Joshua", "Andrew",
    "Angel", "Adrian", "Cameron", "Nolan", "Waylon", "Jaxon", "Roman", "Eli", "Wesley", "Aaron", "Ian",
    "Christian", "Ryan", "Leonardo", "Brooks", "Axel", "Walker", "Jonathan", "Easton", "Everett", "Jordan",
    "Diego", "Carlos", "Luis", "Jose", "Juan", "Miguel", "Alejandro", "Marcus", "Darius", "Malik",
    "Jamal", "Andre", "Xavier", "Minh", "Arjun", "Ravi", "Hiroshi", "Wei", "Jin", "Omar", "Yusuf",
)
FEMALE_GIVEN = (
    "Olivia", "Emma", "Charlotte", "Amelia", "Sophia", "Mia", "Isabella", "Ava", "Evelyn", "Luna",
    "Harper", "Sofia", "Camila", "Eleanor", "Elizabeth", "Violet", "Scarlett", "Emily", "Hazel", "Lily",
    "Gianna", "Aurora", "Penelope", "Aria", "Nora", "Chloe", "Ellie", "Mila", "Avery", "Layla", "Abigail",
    "Ella", "Isla", "Eliana", "Nova", "Madison", "Zoe", "Ivy", "Grace", "Lucy", "Willow", "Emilia",
    "Riley", "Naomi", "Victoria", "Stella", "Elena", "Hannah", "Valentina", "Maya", "Zoey", "Delilah",
    "Leah", "Lainey", "Lillian", "Paisley", "Genesis", "Madelyn", "Sadie", "Sophie", "Leilani", "Addison",
    "Natalie", "Josephine", "Alice", "Ruby", "Claire", "Kinsley", "Everly", "Emery", "Adeline", "Kennedy",
    "Maria", "Ximena", "Daniela", "Lucia", "Valeria", "Guadalupe", "Andrea", "Fernanda", "Jasmine",
    "Aaliyah", "Imani", "Nia", "Kiara", "Destiny", "Jada", "Mei", "Ananya", "Priya", "Yuna", "Linh",
    "Fatima", "Amara", "Sakura", "Anh", "Hana",
)
NEUTRAL_GIVEN = (
    "Alex", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Quinn", "Avery", "Rowan", "Sage",
    "River", "Emerson", "Finley", "Skyler", "Dakota", "Reese", "Parker", "Hayden", "Charlie", "Jamie",
)
FAMILY_GENERAL = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson",
    "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
    "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Peterson", "Cooper", "Reed",
    "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks",
    "Bennett", "Gray", "James", "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster",
    "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Fisher", "Henderson", "Coleman", "Simmons",
    "Patterson", "Jordan", "Reynolds", "Hamilton", "Graham", "Wallace", "Woods", "Cole", "West",
    "Owens", "Marshall", "Ellis", "Harrison", "Gibson", "McDonald", "Washington", "Freeman", "Wells",
)
FAMILY_HISPANIC = (
    "Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Perez", "Sanchez", "Ramirez",
    "Torres", "Flores", "Rivera", "Gomez", "Diaz", "Reyes", "Morales", "Cruz", "Ortiz", "Gutierrez",
    "Chavez", "Ramos", "Ruiz", "Alvarez", "Mendoza", "Castillo", "Jimenez", "Vasquez", "Moreno",
    "Romero", "Herrera", "Medina", "Aguilar", "Vargas", "Guzman", "Salazar", "Delgado", "Soto",
    "Contreras", "Estrada", "Navarro", "Rojas", "Cortez", "Espinoza", "Cabrera", "Fuentes", "Pena",
)
FAMILY_ASIAN = (
    "Nguyen", "Tran", "Le", "Pham", "Kim", "Lee", "Park", "Chen", "Wang", "Li", "Zhang", "Liu",
    "Huang", "Wu", "Patel", "Shah", "Singh", "Kumar", "Reddy", "Tanaka", "Sato", "Suzuki", "Choi",
    "Yang", "Lin", "Santos", "Reyes", "Cruz", "Bautista", "Khan", "Ali", "Vo", "Dang", "Hoang",
)
FAMILY_AIAN = ("Begay", "Yazzie", "Benally", "Tsosie", "Nez", "Redhorse", "Attakai", "Whitehorse", "Locklear", "Oxendine")
FAMILY_NHPI = ("Kealoha", "Kahale", "Akana", "Tuilagi", "Faleolo", "Leota", "Mahoe", "Tupou", "Fifita", "Palakiko")

TEXAS_CITIES = (
    "Houston", "San Antonio", "Dallas", "Austin", "Fort Worth", "El Paso", "Arlington", "Corpus Christi",
    "Plano", "Lubbock", "Laredo", "Irving", "Garland", "Frisco", "McKinney", "Amarillo", "Brownsville",
    "Killeen", "Waco", "Round Rock", "Denton", "Tyler", "Midland", "Odessa", "Abilene",
)
OTHER_STATES = ("CA", "FL", "NY", "IL", "AZ", "LA", "OK", "NM", "GA", "CO", "NC", "OH")
