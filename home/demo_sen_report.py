"""Demo SEN information reports: the index, the 2024-25 report with its figures, and 2023-24 in prose.

Facts and figures come from the unit's 2024-25 report; the wording is written for this site, in plain
English for parents reading on a phone. No one is named: the SENCo appears by role.
"""

import datetime

from django.utils import timezone

from common.demo import ensure_child_page, rich_text, site_root, stream
from home.sen_report import (
    KeyFigureMeasure,
    PupilTableSource,
    SenKeyFigure,
    SenPupilTable,
    SenReportIndexPage,
    SenReportPage,
)

SENCO = {
    "senco_role": "Deputy headteacher and SENDCo",
    "senco_email": "senco@stepping-stones.test",
    "senco_phone": "01632 960 001",
}
SENDIASS_URL = "https://lancssendias.org.uk/"
LOCAL_OFFER_URL = "https://www.lancashire.gov.uk/send"


def section(item, *parts, heading=""):
    """One report section; `parts` are paragraphs of HTML, or (block_type, value) pairs for other blocks."""
    body = [part if isinstance(part, tuple) else ("paragraph", rich_text(part)) for part in parts]
    return ("section", {"item": item, "heading": heading, "body": stream(*body)})


def strategies_table():
    # The four broad areas of need, named and ordered as the SEND Code of Practice (6.28-6.35) has them.
    rows = [
        (
            "Communication and interaction (talking, understanding and getting on with others)",
            "Simple, clear language, new words taught on purpose, different ways to record work, plans "
            "written with speech and language therapists, LEGO-based therapy groups, a social skills group "
            "for younger children, cooperation games, and adults showing how to share, take turns and sort "
            "out disagreements.",
        ),
        (
            "Cognition and learning (thinking, remembering and learning)",
            "The day broken into short chunks, pictures and visual prompts, simpler instructions, work "
            "built up in small steps, individual targets, extra adults in small classes, and care not to "
            "overload children with too much at once.",
        ),
        (
            "Social, emotional and mental health (feelings and behaviour)",
            "Zones of Regulation, the Thrive approach, emotion coaching, Relax Kids, circle time, calm "
            "corners in every classroom, a quiet space outside class, visual timetables and a behaviour "
            "support plan for each child who needs one.",
        ),
        (
            "Sensory and/or physical needs (senses and movement)",
            "Movement breaks, fidget tools, therapy putty, ear defenders, a therapy ball, light tubes, calm "
            "music, blankets and cushions, and changes to uniform where needed.",
        ),
    ]
    return (
        "table",
        {
            "caption": "Examples of the help we use for each area of need",
            "columns": [
                {"type": "text", "heading": "Area of need"},
                {"type": "text", "heading": "What we use"},
            ],
            "rows": [{"values": list(row)} for row in rows],
        },
    )


def sections_2024_25():
    return stream(
        section(
            "kinds_of_need",
            "Every child at Stepping Stones has social, emotional and mental health needs. That is the main "
            "reason children come to us. Many also have other needs, such as moderate learning "
            "difficulties, autism, ADHD, specific learning difficulties like dyslexia, or difficulties with "
            "speech, language and communication. Some children have lived through very hard experiences "
            "early in life.",
            "The national SEND Code of Practice describes four broad areas of need: communication and "
            "interaction; cognition and learning (how a child thinks, remembers and learns); social, "
            "emotional and mental health; and sensory and/or physical needs. A child can have needs in "
            "more than one area, and we plan for all of them.",
            "Children come to us in two ways: after a permanent exclusion from their school, or for a "
            "12-week placement that aims to prevent an exclusion. We always work towards a child going back "
            "to their school, or moving to a school that can meet their needs in the long term. That may be "
            "a mainstream school or a special school.",
        ),
        section(
            "identifying_needs",
            "Finding needs early, and acting on them, makes the biggest difference to how a child gets on "
            "later. Before a child starts, we gather what their last school, the outreach team and other "
            "services already know, and we listen to you.",
            "In the first weeks we check each child's reading, writing and maths. Where we need to know "
            "more, we ask specialists, such as a speech and language therapist, an educational psychologist "
            "or a specialist teacher, to assess your child.",
            "New needs can come to light while a child is with us. When that happens, the class teacher, "
            "the SENDCo and senior leaders talk it through with you, and we may refer your child to another "
            "service, such as a paediatrician or the children and young people's mental health service "
            "(CAMHS). If a child needs an education, health and care (EHC) plan, we ask the local authority "
            "for an assessment and help you through the process.",
        ),
        section(
            "evaluating_provision",
            "Each child's individual education plan (IEP) is reviewed every half term, and we track every "
            "child's progress each term. Senior leaders and the SENDCo look at which kinds of support are "
            "helping and which are not, and change our plans when something is not working.",
            "Every group or one-to-one session is recorded and tracked, so we can see the difference it "
            "makes. Ofsted inspected the school in February 2025, judged it outstanding, and found that "
            "staff spot children's needs accurately when they arrive and adapt learning well for them.",
        ),
        section(
            "reviewing_progress",
            "Teachers check learning every day, and more formally each term in reading, writing and maths. "
            "We use the county's small-step assessment tools, so progress shows even when it comes in small "
            "steps, and so our assessments match those used in many mainstream schools.",
            "Targets for social, emotional and mental health are set in your child's IEP and reviewed every "
            "half term. Each target is specific and can be measured, so everyone can see when it has been "
            "met.",
            "You are invited to a review of your child's progress every term. We talk about learning, "
            "friendships, feelings and behaviour, and you receive a written report, your child's IEP and "
            "any risk assessments. Extra meetings, such as team around the family meetings or meetings "
            "about going back to school, are arranged when they are needed.",
        ),
        section(
            "teaching_approach",
            "Every class teacher is a teacher of children with special educational needs, and is "
            "responsible for the progress of every child in the class, including when a teaching assistant "
            "or specialist is working with them. Teachers follow the cycle of assess, plan, do and review "
            "that the Code of Practice sets out, and meet the SENDCo each half term to agree next steps.",
            "Our school is built on nurture: staff are warm and caring, and also calm and consistent about "
            "what they expect. We have high hopes for every child's learning and behaviour. Personal, "
            "social and health education is taught in its own lessons and woven through every subject and "
            "every part of the day.",
        ),
        section(
            "adapting_curriculum",
            "Children follow the National Curriculum alongside our values curriculum. Each week has a "
            "value, such as kindness or honesty, introduced at a whole-school circle time at the start of "
            "the week and talked about all week.",
            "Classes are small. The day follows the same routine, with a picture timetable so children know "
            "what comes next. Every classroom has a calm area, and there are quiet spaces outside class "
            "where children can go, or be encouraged to go, to settle their feelings. Work is broken into "
            "small steps and adapted so each child can succeed.",
            "Children who need medicine in school have a medical care plan. Trained staff give and record "
            "medicines, and the school nurse or another health professional trains staff when a child needs "
            "something specific, such as an adrenaline pen.",
        ),
        section(
            "additional_support",
            "Some children need more than good teaching in class. The SENDCo, senior leaders and class "
            "teachers decide together what each child needs, and it is written into their IEP. Extra help "
            "may be given one to one, in a small group or as a whole class, and it is tracked to check it "
            "is working.",
            strategies_table(),
        ),
        section(
            "taking_part",
            "We want every child to join in trips and activities outside the classroom. We plan each trip "
            "carefully, assess the risks and put extra support in place so that every child can come. Trips "
            "are staffed by teachers and teaching assistants, with staff numbers that follow the county's "
            "guidance, and our educational visits leader checks every plan.",
            "Very occasionally a different arrangement is needed to keep everyone safe. When that happens, "
            "we explain why and look for another way for your child to take part.",
            "Children in Year 1, Year 4 and Year 6 take the national tests while they are with us, with the "
            "access arrangements they are entitled to, just as they would have in any other school.",
        ),
        section(
            "wellbeing",
            "Helping children understand and manage their feelings is at the heart of everything we do. "
            "Staff praise and reward children throughout the day, and deal with difficult behaviour calmly "
            "and consistently, following our positive behaviour policy.",
            "Programmes such as Zones of Regulation, the Thrive approach and emotion coaching help children "
            "name their feelings and find ways to calm down. Playtimes and lunchtimes always have at least "
            "two adults on duty, and children are supervised at all times.",
            "Our policies on anti-bullying and safeguarding are available from the school office.",
        ),
        section(
            "senco",
            "Our special educational needs and disabilities coordinator (SENDCo) is a member of the senior "
            "leadership team. They make sure each child's needs are met, guide teachers on the support to "
            "put in place, and are the main link with families, other schools and outside services. Our "
            "SENDCo began the national professional qualification for SEN coordinators in September 2024, "
            "and is due to complete it in April 2026.",
            "You can contact the SENDCo directly about your child's special educational needs.",
        ),
        section(
            "staff_expertise",
            "Staff training follows the school improvement plan, so it matches what our children need. "
            "Senior leaders review it through the year and add training when a new need comes up. All staff "
            "follow the same positive approach to behaviour, and key staff are trained to give medicines "
            "and first aid.",
            "When we need specialist knowledge we do not have, we bring it in: from speech and language "
            "therapists, educational psychologists, specialist teachers, the school nurse and other NHS "
            "professionals.",
        ),
        section(
            "equipment",
            "Classrooms have calm areas and sensory equipment such as ear defenders, fidget tools, therapy "
            "balls and light tubes. If your child needs something more, talk to the SENDCo: we will work "
            "out with you, and with the right services, how to provide it.",
        ),
        section(
            "involving_parents",
            "Before your child starts, you and your child meet us to talk about their needs and the support "
            "we plan to give. Our pupil pathway manager, a senior leader, stays in touch with you "
            "throughout, helps with forms and referrals to other services, and works closely with the "
            "SENDCo.",
            "Your child's teacher keeps in regular contact through our online platform, email or phone. You "
            "are invited to every review and meeting about your child, and we hope you will come. You can "
            "ask for a meeting at any time: our door is always open.",
            "If your family would like more help, we can complete an Early Help Assessment with you. It "
            "leads to a plan with agreed actions and regular team around the family meetings, so the "
            "services working with you pull in the same direction.",
            "Each week you can tell us how your child has shown the weekly value at home. We share your "
            "nomination at the whole-school meeting and put it on our nominations board.",
        ),
        section(
            "involving_pupils",
            "Each child's targets come from their own needs, and we make sure children understand what they "
            "are working towards. A child with an EHC plan gives their views at its yearly review, "
            "alongside yours and those of the professionals who work with them.",
            "Children share their ideas and feelings at circle time every week, and celebrate each other's "
            "achievements at the whole-school meeting. When a child is moving to a new school, we plan the "
            "move with the child as well as with the family.",
        ),
        section(
            "complaints",
            "If you are worried about the support your child is getting, please talk to your child's "
            "teacher or the headteacher first: most worries can be sorted out quickly.",
            "If that does not put things right, our complaints procedure explains how to make a formal "
            "complaint and who will look into it. You can ask the school office for a copy.",
        ),
        section(
            "other_services",
            "We work closely with other services to support children and families. These include speech and "
            "language therapists, CAMHS, paediatricians, school nurses, educational psychologists, child "
            "and family support workers and social workers. Our pupil pathway manager coordinates referrals.",
            "We work with the local authority on EHC plan assessments and reviews, and with its pupil "
            "access team when a child is moving to another school.",
        ),
        section(
            "parent_support",
            "Lancashire's special educational needs and disabilities information, advice and support "
            "service (SENDIASS) is independent of the school and the local authority. It gives free, "
            "confidential and impartial advice to parents and carers. Visit the "
            f'<a href="{SENDIASS_URL}">Lancashire SENDIASS website</a> to find out more.',
            "Our staff can come with you to meetings with other services, and can point you towards other "
            "organisations that help families.",
        ),
        section(
            "transitions",
            "When a child is ready to go back to a mainstream school, we hold a meeting with the school and "
            "the family. The class teacher shares what helps your child, and we plan a step-by-step return "
            "that the SENDCo oversees.",
            "Some children stay with us until a place at a special school is available. We work with the "
            "child, the family and the new school so the move goes well.",
            "For children moving to secondary school, we work with the new school as soon as it is known. "
            "Children may have extra visits and meetings so they feel ready. Learning to manage feelings, "
            "get on with others and be more independent helps children now and prepares them for adult life.",
        ),
        section(
            "local_offer",
            "The local authority's local offer describes the services for children and young people with "
            f'special educational needs and disabilities in the county. Read <a href="{LOCAL_OFFER_URL}">'
            "Lancashire County Council's local offer</a>.",
            "Our own local offer is on the parents and carers page of this website.",
        ),
        section(
            "admitting_disabled_pupils",
            "Children are placed with us by the local authority, either after a permanent exclusion or "
            "through the multi-agency planning panel for a referral placement. Disabled children are "
            "considered in exactly the same way as other children. Our admissions policy, available from "
            "the office, explains the process.",
        ),
        section(
            "fair_treatment",
            "We make reasonable adjustments so that disabled children are not put at a disadvantage, as the "
            "Equality Act 2010 requires. We plan trips, tests, medical care and the school day around each "
            "child's needs, and we talk with families about what will help.",
        ),
        section(
            "access_facilities",
            "The school is all on one level, with no steps at the entrance, inside or out to the "
            "playground. The front doors open automatically at the press of a button. Corridors and "
            "doorways are wide enough for a wheelchair, there is an accessible toilet, and there are "
            "disabled parking spaces at the front of the school.",
        ),
        section(
            "accessibility_plan",
            "Our accessibility plan sets out how we will keep improving access to the curriculum, to the "
            "building and to the information we give families. You can ask the school office for a copy, in "
            "large print or another format if you need it.",
        ),
    )


def sections_2023_24():
    return stream(
        section(
            "kinds_of_need",
            "All our pupils have social, emotional and mental health needs, and many have needs in other "
            "areas too: communication and interaction, or cognition and learning (attention difficulties, "
            "for example).",
        ),
        section(
            "identifying_needs",
            "We used information from each child's previous school and from families, checked reading, "
            "writing and maths when children joined us, and called on specialist assessments where needed.",
        ),
        section(
            "evaluating_provision",
            "Leaders checked the difference our support made by reviewing individual education plans every "
            "half term and tracking progress every term.",
        ),
        section(
            "reviewing_progress",
            "Parents and carers were invited to a review each term and received a written report on their "
            "child's progress.",
        ),
        section(
            "teaching_approach",
            "Teachers planned for each child's needs, following the assess, plan, do and review cycle, in "
            "small classes built around nurture.",
        ),
        section(
            "adapting_curriculum",
            "Children learned the National Curriculum and our values curriculum, with a steady daily "
            "routine, picture timetables and calm spaces.",
        ),
        section(
            "additional_support",
            "Children who needed more help had one-to-one or small-group support, written into their plans.",
        ),
        section(
            "taking_part",
            "We planned trips and activities so that every child could join in safely.",
        ),
        section(
            "wellbeing",
            "Helping children recognise and manage their feelings ran through every day, alongside our "
            "positive approach to behaviour.",
        ),
        section(
            "senco",
            "The school's special educational needs and disabilities coordinator led this work. The contact "
            "details below are for the SENDCo now.",
        ),
        section(
            "staff_expertise",
            "Staff training followed the school improvement plan, with specialists brought in where needed.",
        ),
        section(
            "equipment",
            "Classrooms had calm areas and sensory equipment, and we arranged specialist equipment when a "
            "child needed it.",
        ),
        section(
            "involving_parents",
            "Families met us before their child started, were invited to every review, and were supported "
            "by our pupil pathway manager.",
        ),
        section(
            "involving_pupils",
            "Children with EHC plans gave their views at their yearly reviews, and children took part in "
            "planning any move to a new school.",
        ),
        section(
            "complaints",
            "Concerns were raised with the class teacher or headteacher first, then through our complaints "
            "procedure if needed.",
        ),
        section(
            "other_services",
            "We worked with health, social care and local authority services, and our pupil pathway manager "
            "coordinated referrals.",
        ),
        section(
            "parent_support",
            "We pointed families to Lancashire SENDIASS for free, independent advice.",
        ),
        section(
            "transitions",
            "Children returning to mainstream school, or moving to a special or secondary school, had a "
            "planned move agreed with their family and the new school.",
        ),
        section(
            "local_offer",
            f'The county council\'s <a href="{LOCAL_OFFER_URL}">local offer</a> listed services for children '
            "with special educational needs and disabilities.",
        ),
        section(
            "admitting_disabled_pupils",
            "Disabled children were placed with us by the local authority on the same basis as other "
            "children.",
        ),
        section(
            "fair_treatment",
            "We made reasonable adjustments so disabled children were not put at a disadvantage.",
        ),
        section(
            "access_facilities",
            "The building is on one level, with automatic front doors, wide corridors and an accessible "
            "toilet.",
        ),
        section(
            "accessibility_plan",
            "Our accessibility plan was available from the school office.",
        ),
    )


def pupil_tables_2024_25():
    return [
        SenPupilTable(
            sort_order=0,
            caption="Permanently excluded pupils on roll, June 2025",
            boys_reception=1,
            boys_year_1=3,
            boys_year_2=1,
            boys_year_3=5,
            boys_year_4=6,
            boys_year_5=3,
            boys_year_6=8,
            girls_year_3=2,
            girls_year_5=1,
        ),
        SenPupilTable(
            sort_order=1,
            caption="12-week referral placements, September 2024 to June 2025",
            source=PupilTableSource.REFERRAL_PLACEMENTS,
            note="No figure was recorded for girls in Year 5 or Year 6; both are shown as 0.",
            boys_year_1=3,
            boys_year_2=1,
            boys_year_3=1,
            boys_year_4=1,
            boys_year_5=1,
            boys_year_6=2,
            girls_year_1=1,
            girls_year_4=1,
        ),
    ]


# (value, label, measure): a measure marks the figure worked out from the placement records.
KEY_FIGURES_2024_25 = [
    (47, "pupils in all came to Stepping Stones between September 2024 and June 2025", ""),
    (33, "pupils who had been permanently excluded attended during the year", ""),
    (2, "permanently excluded pupils moved to a specialist school during the year", ""),
    (1, "permanently excluded pupil returned to a mainstream school", ""),
    (
        8,
        "pupils on referral placements returned to their mainstream school",
        KeyFigureMeasure.REFERRAL_RETURNED,
    ),
    (12, "pupils are due to move to a specialist school in September 2025", ""),
    (3, "pupils are due to move to a mainstream school in September 2025", ""),
]


def last_review_day(today):
    """The demo's reviews happen at the end of June: the latest 30 June up to `today`, so the current
    report's next review (a year later) has not yet passed, whenever the demo is loaded."""
    this_year = datetime.date(today.year, 6, 30)
    return this_year if this_year <= today else this_year.replace(year=today.year - 1)


def load(*, stdout):
    reviewed = last_review_day(timezone.localdate())
    index = ensure_child_page(
        site_root(),
        SenReportIndexPage,
        slug="sen-information-report",
        title="SEN information report",
        menu_label="SEN report",
        show_in_menus=True,
        intro=(
            "How we support children with special educational needs and disabilities, updated every year. "
            "The newest report is at the top."
        ),
        body=stream(
            (
                "paragraph",
                rich_text(
                    "Every school must publish a report each year on how it supports children with special "
                    "educational needs. Ours explains who we teach, how we help, how we work with families "
                    "and who to contact. Earlier years' reports stay here for the record."
                ),
            ),
        ),
    )
    ensure_child_page(
        index,
        SenReportPage,
        slug="2023-24",
        title="SEN information report 2023-24",
        academic_year="2023-24",
        intro=(
            "A summary of how we supported children with special educational needs in the 2023-24 school "
            "year. Figures for that year are available from the school office."
        ),
        last_reviewed=reviewed.replace(year=reviewed.year - 1),
        sections=sections_2023_24(),
        **SENCO,
    )
    ensure_child_page(
        index,
        SenReportPage,
        slug="2024-25",
        title="SEN information report 2024-25",
        academic_year="2024-25",
        intro=(
            "At Stepping Stones every child is different, and we shape our teaching around each one. This "
            "report explains the support we offer children with special educational needs and disabilities."
        ),
        last_reviewed=reviewed,
        sections=sections_2024_25(),
        pupil_tables=pupil_tables_2024_25(),
        key_figures=[
            SenKeyFigure(sort_order=position, value=value, label=label, measure=measure)
            for position, (value, label, measure) in enumerate(KEY_FIGURES_2024_25)
        ],
        **SENCO,
    )
    stdout.write("SEN information reports are in place.")
