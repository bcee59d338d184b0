from django.contrib.auth.forms import AuthenticationForm
from django.views.generic import TemplateView


class EmailAuthenticationForm(AuthenticationForm):
    pass


class HomeView(TemplateView):
    template_name = "home.html"
