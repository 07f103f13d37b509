import factory

from portal.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@school.test")
    first_name = "Sam"
    last_name = "Teacher"
    password = factory.PostGenerationMethodCall("set_password", "changeme-password")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
